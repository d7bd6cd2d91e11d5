"""One exception family: the CLI turns any of these into one line and an exit code."""


class NewsarchiveError(Exception):
    """Base class of every error the tool reports to the user."""

    exit_code = 1


class ConfigError(NewsarchiveError):
    """`site.yaml` (or a sidecar) is invalid: the message names the file, key and reason."""


class InputError(NewsarchiveError):
    """A seed file cannot be used: the message names the file and the reason."""


class UsageError(NewsarchiveError):
    exit_code = 2
