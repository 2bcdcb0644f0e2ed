"""The training-institution stand-in: its own Django settings, database and process (ADR 0022).

It plays the institutions' systems: receives the enrolments the portal pushes (signed), shows
them on its page, where the institution's clerk reports attendance per month, completion with a
certificate number, or a dropout; the reports go to the portal signed with the institution's
key, retried until answered. Faults can be injected (duplicate and late reports, a failing
enrolment endpoint), and the page lets a clerk report on a dropped-out worker.
"""
