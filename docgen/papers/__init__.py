"""Papers: what each kind of document says, and the pipeline that renders and writes them."""
