"""The benefit calculator: pure functions, no database access (see types.py for its inputs).

`calculate` (engine.py) judges one claim; `select_rule_set` picks the rule set in force on a
termination date; dates.py holds the calendar helpers (`add_months`, `working_days_after`,
`wage_on`).
"""
