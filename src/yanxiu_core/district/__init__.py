"""The district's own view of its schools: the roll-up document (``district report``) and the
year's progress per school (``status``).

``collect`` reads each school's figures through the same functions the school's summary uses;
``build`` lays them side by side as a :class:`~yanxiu_core.document.Report`; ``status`` tells
what each school has imported, what changed since and what is missing. Nothing here names a
program: programs speak through their ``figures``, ``findings`` and ``plan``.

Modules are imported by name (``from yanxiu_core.district.collect import …``): this package
imports nothing itself, so the config loader can read :mod:`.settings` without the rest.
"""
