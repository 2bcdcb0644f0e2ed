"""The mock VNeID: a real OpenID Connect provider over a mock national population database."""
