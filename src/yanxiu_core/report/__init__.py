"""Report document model, the core's report builder and its renderers."""
