"""Personal use: what the rules ask of each employee as a person, apart from the sites they run.

The annual acknowledgment of the personal-use rules, the post pre-check, "ask my supervisor" (consultations)
and the directory-objection roster behind the pre-check. Shaped like an app of its own (models, rules,
services, selectors, views, forms, reminders, urls) but part of the `sites` app (label `groupsites`), whose
`sites.models` registers these models.
"""
