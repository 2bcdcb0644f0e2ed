"""Matching benefit recipients to vacancies and courses, ranked with the reasons shown (issue #18)."""
