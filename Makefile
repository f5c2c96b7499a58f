# docgen — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# faketime: the tests sign and archive under a fake clock (a certificate that has since expired)
APT_PACKAGES := libreoffice-writer-nogui fonts-croscore fonts-liberation2 poppler-utils faketime

.PHONY: demo test venv system-deps lint templates images bench clean lock upgrade messages

# Every package of the tree is pinned with its hashes in requirements.lock (pip-tools); the
# wheel itself keeps ranges. `make upgrade` re-resolves the lock and runs the tests.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) tools/wheelhouse.py $(VENV)/wheelhouse  # offline install test (tests/test_install.py)
	touch $@

LOCK_TOOLS := .venv-lock
PIP_COMPILE := cd $(CURDIR) && $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --all-build-deps --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	--output-file requirements.lock pyproject.toml

$(LOCK_TOOLS)/.installed:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet --disable-pip-version-check 'pip-tools>=7.4'
	touch $@

# The lock after a change of pyproject.toml's dependencies (keeps every other pin).
lock: $(LOCK_TOOLS)/.installed
	$(PIP_COMPILE)

# Every pin to its newest release, then the whole test suite: commit the lock only when green.
upgrade: $(LOCK_TOOLS)/.installed
	$(PIP_COMPILE) --upgrade
	git --no-pager diff --stat requirements.lock || true
	rm -f $(VENV)/.installed
	$(MAKE) --no-print-directory test

venv: $(VENV)/.installed

# LibreOffice and fonts for PDF (and faketime for the tests): installed when run as root,
# otherwise the command is printed.
system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
	    && command -v faketime >/dev/null 2>&1 && fc-list | grep -qi tinos; then \
	  echo "LibreOffice, poppler, faketime and fonts: present"; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing $(APT_PACKAGES) ..."; \
	  (apt-get update -qq || true) && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else \
	  echo "PDF needs LibreOffice. Run: sudo apt-get install $(APT_PACKAGES)"; \
	fi

demo: venv
	@$(MAKE) --no-print-directory system-deps || true
	$(PY) tools/demo.py

test: venv system-deps
	$(PY) tools/build_templates.py --check
	$(VENV)/bin/ruff check docgen tests tools benchmarks
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check docgen tests tools benchmarks

templates: venv
	$(PY) tools/build_templates.py

# README pictures: first page of each document kind in ru and kk (docs/images/*.png).
images: venv
	@$(MAKE) --no-print-directory system-deps || true
	$(PY) tools/readme_images.py

bench: venv
	$(PY) benchmarks/render.py
	$(PY) benchmarks/pdf.py

clean:
	rm -rf outputs archive .pytest_cache

# Interface messages (ru, kk): extract docgen's messages, its --help texts and click's into
# docgen/locale/docgen.pot, merge them into the .po files, compile the .mo catalogs the wheel
# carries (tests/test_ui_language.py fails when a message lacks its translation or a .mo drifted).
CLICK_DIR = $$($(PY) -c 'import click, os; print(os.path.dirname(click.__file__))')
messages: $(VENV)/.installed
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.toml --no-location --sort-output \
		-k N_ -k ngettext:1,2 --project docgen --copyright-holder "docgen contributors" \
		-o docgen/locale/docgen.pot docgen \
		$(foreach m,core exceptions types parser decorators formatting utils termui,$(CLICK_DIR)/$(m).py)
	$(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -i docgen/locale/docgen.pot \
		-d docgen/locale -D docgen
	$(VENV)/bin/pybabel compile --statistics -d docgen/locale -D docgen
