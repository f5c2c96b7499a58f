"""Output: files beyond one render — regional batches, PDF conversion, manifests."""
