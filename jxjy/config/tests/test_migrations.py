from io import StringIO

from django.core.management import call_command


def test_models_and_migrations_agree(db):
    """A model change without its migration would pass here and break `make run` on a user's database."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        raise AssertionError(f"missing migrations:\n{out.getvalue()}") from exit_
