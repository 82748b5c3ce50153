"""A backup whose manifest.json is JSON but not the manifest object is refused with the archive's
own message, not a raw AttributeError (found by the strict type check of backup_archive)."""
import hashlib
import io
import json
import tarfile

import pytest

from gongkai.domain.backup_archive import MANIFEST, ArchiveError, unpack


def _tar_with_manifest(path, manifest) -> None:
    data = json.dumps(manifest).encode()
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("manifest", [[], "files", 3, {"files": ["a.txt"]}, {"files": None}])
def test_a_manifest_that_is_not_an_object_of_files_is_refused(tmp_path, manifest):
    archive = tmp_path / "backup.tar"
    _tar_with_manifest(archive, manifest)
    with pytest.raises(ArchiveError, match="清单"):
        unpack(archive, tmp_path / "out", hashlib.sha256)
