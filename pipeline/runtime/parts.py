"""Writing tables part by part, so that memory follows the batch, not the corpus.

A `PartWriter` writes part `index` of several tables of one unpublished version
folder: `<version>/items.parquet/part-00003.parquet`, ... Rows are appended as
they come and flushed as a row group whenever a table's buffer passes
`ROW_GROUP_BYTES`; at `close()` every table gets its file (an empty one when it
got no rows, so that every part exists for every table), fsynced, under a
temporary name first and then renamed: a part is whole or absent. Writing the
same part again (a retried Dask task) replaces it.

Any process that sees the version folder can write parts: this process, a
worker process of the pool, a Dask worker on another machine with the output
folder mounted at the same path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.runtime.faults import checkpoint
from pipeline.tables import COMPRESSION, part_file

ROW_GROUP_BYTES = 8 * 1024 * 1024  # of Arrow data buffered per table before a row group is written


class PartWriter:
    """Part `index` of the tables in `folders` ({name: (table folder, schema)})."""

    def __init__(self, folders: Mapping[str, tuple[Path, pa.Schema]], index: int) -> None:
        self.folders = dict(folders)
        self.index = index
        self.rows: dict[str, int] = dict.fromkeys(self.folders, 0)
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in self.folders}
        self._buffered: dict[str, int] = dict.fromkeys(self.folders, 0)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._temporary: dict[str, Path] = {}

    def path(self, name: str) -> Path:
        """The part's final file for table `name`."""
        return self.folders[name][0] / part_file(self.index)

    def write(self, name: str, table: pa.Table) -> None:
        """Append rows (already of the table's schema) to table `name`."""
        if not table.num_rows:
            return
        self._buffers[name].append(table)
        self._buffered[name] += table.nbytes
        self.rows[name] += table.num_rows
        if self._buffered[name] >= ROW_GROUP_BYTES:
            self._flush(name)

    def _flush(self, name: str) -> None:
        buffered = self._buffers[name]
        if not buffered:
            return
        writer = self._writer(name)
        writer.write_table(pa.concat_tables(buffered))
        self._buffers[name] = []
        self._buffered[name] = 0

    def _writer(self, name: str) -> pq.ParquetWriter:
        if name not in self._writers:
            folder, schema = self.folders[name]
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{part_file(self.index)}.{os.getpid()}.tmp"
            self._temporary[name] = temporary
            self._writers[name] = pq.ParquetWriter(temporary, schema, compression=COMPRESSION)
        return self._writers[name]

    def close(self) -> dict[str, int]:
        """Write what is buffered, finish every table's file; rows written per table."""
        for name in self.folders:
            self._flush(name)
            writer = self._writer(name)  # a table with no rows gets an empty part
            writer.close()
            temporary = self._temporary[name]
            fsync(temporary)
            os.replace(temporary, self.path(name))
            checkpoint("write-table")
        return dict(self.rows)

    def abort(self) -> None:
        """Drop what was written: the part stays absent."""
        for name, writer in self._writers.items():
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(FileNotFoundError):
                self._temporary[name].unlink()


def fsync(path: Path) -> None:
    """Flush a file or a folder to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
