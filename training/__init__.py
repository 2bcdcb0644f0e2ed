"""Reskilling courses and training support (Law 74/2025 Art. 37): the catalogue of courses by
registered training institutions, the worker's application, the center's four-eyes decision,
attendance reported by the institution, tuition and meal money paid through the settlement
office (issue #18)."""
