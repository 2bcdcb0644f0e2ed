"""The citizen side's versioned REST API (docs/api.md): thin views over the claims services."""
