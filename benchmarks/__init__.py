"""spinfix's benchmark suite: speed against peers, scaling, adversarial inputs and memory.

Run it with ``python -m benchmarks [--quick] [--out benchmarks/results]``; see ``benchmarks/README.md``.
Modules: :mod:`~benchmarks.corpus` (deterministic corpus generator), :mod:`~benchmarks.spinner` (a simple
article spinner), :mod:`~benchmarks.tables` (benchmark phrase tables), :mod:`~benchmarks.engines` (what is
measured), :mod:`~benchmarks.adversarial` (hostile inputs), :mod:`~benchmarks.child` (one measurement in a
fresh process), :mod:`~benchmarks.suite` (the plan and its steps) and :mod:`~benchmarks.report` (plots and
``SUMMARY.md``).
"""
