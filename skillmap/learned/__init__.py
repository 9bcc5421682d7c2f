"""The offline learned stage: models trained at build time, stored as arrays and JSON in
``models/`` (no pickle), run with numpy alone. Used by extraction, title coding and
curriculum comparison alike."""
