__version__ = "0.2.0"

PLUGIN_API_VERSION = "1.1"
"""The version of the plugin contract (hooks, ``ProgramType`` methods, the public names of
``yanxiu_core``). The minor number grows when something is added (1.1: ``ProgramType.credits``);
the major number when something is removed or changed incompatibly. A plugin declares the range
it works with as ``yanxiu_api = ">=1.0,<2"`` in its module (decision 0021)."""
