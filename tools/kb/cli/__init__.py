"""The ``kb`` command: a thin adapter over the engine-free core, one module per command group.

``options`` holds what every command shares (``--root``, the knowledge-base check); the
command modules import it, and this module only gathers them, so nothing imports back.
"""

from __future__ import annotations

import click

from .content import pages, validate
from .contrib import new, schema, summary
from .network import export
from .site import index, zensical_config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="isipp-kb", prog_name="kb")
def main() -> None:
    """Check, explore and publish the Information Sharing knowledge base."""


for _command in (validate, pages, export, new, schema, summary, index, zensical_config):
    main.add_command(_command)
