"""The district's records: how long each kind is kept (retention schedules), what may not be destroyed while a
legal hold stands, the disposal of what has passed its period, and the packages that answer a records request.

The core may not import the apps built on it, so each app registers its kinds of record (`registry.register_kind`)
from its AppConfig.ready, as it registers its reminder sweeps and hand-over work.
"""
