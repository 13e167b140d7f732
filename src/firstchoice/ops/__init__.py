"""Running firstchoice: the background worker, the health check, backups and restores.

It sits on top of the apps (it wires them: the worker sweeps the imports of dead workers)
and holds no model of its own.
"""
