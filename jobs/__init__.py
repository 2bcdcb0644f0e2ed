"""The path back to work (Law 74/2025 Art. 36): job vacancies, job fairs, overseas work
programs, matching recipients to vacancies and courses, and the center's job offers, whose
second refusal without a good reason ends the benefit (Art. 41.4.d) (issue #18)."""
