"""firstchoice: Tiered Layered Selling (5+5+5) for B2B sales teams."""
