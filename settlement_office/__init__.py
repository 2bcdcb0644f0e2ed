"""The settlement-office simulator: a separate process that receives payment orders and pays them.

Run it with ``python -m settlement_office serve`` (see ``__main__``); docs/adr/0009 says why it is
its own Django project with its own settings and database.
"""
