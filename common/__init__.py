"""The small shared base every TroCap app may import; it imports no project package."""
