"""Demo and generated data (make run, make demo, benches): never imported by the product."""
