"""docgen: bilingual official paperwork for the Assembly of People of Kazakhstan."""

__version__ = "0.1.0"
