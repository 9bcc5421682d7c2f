"""Built pipeline directories (see `skillmap build-model`)."""
