"""jobs' models, one module per part (as claims/models.py): this file only gathers them so
Django finds them."""
