"""The papermill engine the report runner executes with: papermill's own (nbclient), writing
the executed notebook as the run starts and as it ends, not as each cell starts and ends.

papermill writes the whole notebook (serialised and validated by nbformat) twice per cell, so
that a notebook being executed can be watched as it fills. The runner does not watch: it
reads the notebook once the run ended, whether it succeeded, failed, timed out or its kernel
died (papermill writes it then too). A national comparison's notebook grows to 9 MB over 12
cells; its 26 writes took 1.8 s of a 16 s run (``make bench``, national-reports).
"""

from __future__ import annotations

import functools

__all__ = ["ENGINE", "register_engine"]

#: The engine's name for ``papermill.execute_notebook(engine_name=...)``.
ENGINE = "asnpolicy"


@functools.cache
def register_engine() -> str:
    """Register the engine with papermill (once per process) and return its name."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class WrittenAtTheEnds(NotebookExecutionManager):
        def save(self, **kwargs) -> None:
            """Not as a cell starts or ends."""

        def notebook_start(self, **kwargs) -> None:
            super().notebook_start(**kwargs)
            NotebookExecutionManager.save(self)

        def notebook_complete(self, **kwargs) -> None:
            super().notebook_complete(**kwargs)
            NotebookExecutionManager.save(self)

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(
            cls,
            nb,
            kernel_name,
            output_path=None,
            progress_bar=True,
            log_output=False,
            autosave_cell_every=30,
            **kwargs,
        ):
            # papermill's Engine.execute_notebook (2.7), with the manager above
            nb_man = WrittenAtTheEnds(
                nb,
                output_path=output_path,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(ENGINE, Engine)
    return ENGINE
