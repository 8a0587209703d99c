"""Settings for the test suite: the same as base, with fast hashing and its own audit files."""

import os
import tempfile
from pathlib import Path

from jxjy.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
JXJY_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789abcdef"
JXJY_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="jxjy-audit-")) / "checkpoints.jsonl"
JXJY_BROWSER_TESTS = os.environ.get("JXJY_BROWSER_TESTS", "") == "1"
_FILES = Path(tempfile.mkdtemp(prefix="jxjy-files-"))
JXJY_EVIDENCE_DIR = _FILES / "evidence"
JXJY_PROOFS_DIR = _FILES / "proofs"
# Read at run time by jobs (uploads and reports under DATA_DIR / "jobs"); the database URL was set above.
DATA_DIR = _FILES
JXJY_PUBLIC_BASE_URL = "https://jxjy.example.gov.cn"
# Jobs run inside the request that queues them (on commit), so tests see them finished.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
