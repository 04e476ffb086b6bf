"""Staff from the district's directory: the portal's own CSV, OneRoster 1.1 and 1.2 CSV, Microsoft School Data
Sync v2.1 CSV.

- `formats` reads the files (zipped or loose) into staff rows and the directory's schools, and every problem by
  file, line and column. Students, guardians and parents are counted there and go no further.
- `plan` compares those rows with the district: new, changed (field by field), leaving, unchanged. It only reads.
- `rules` decides who may import, which directory role becomes which portal role, who supervises by default,
  and when a sync would close too many accounts to go on without asking.
- `services` stores an upload with its preview, applies it (all or nothing, one audit event per person changed
  and one for the import), or discards it; `selectors` reads imports for a user; `sync` is the nightly sync of
  `STAFF_SYNC_DIR/<district slug>/`.
"""
