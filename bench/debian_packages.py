"""The bench scripts' one dependency rule: Debian's packages, installed when missing."""

import os
import subprocess
import sys


def require(package, *modules):
    """Imports `modules`; if one is missing, installs Debian's `package` (root, as on the
    project's machines, else through sudo) and restarts the calling script, once."""
    try:
        for module in modules:
            __import__(module)
    except ImportError:
        flag = "BENCH_INSTALLED_" + package.upper().replace("-", "_")
        if os.environ.get(flag) == "1":
            raise
        print(f"installing Debian's {package} ...", file=sys.stderr)
        apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
        subprocess.run(apt + ["update", "-qq"], check=True)
        subprocess.run(apt + ["install", "-y", "-qq", package], check=True, stdout=subprocess.DEVNULL)
        os.environ[flag] = "1"
        os.execv(sys.executable, [sys.executable] + sys.argv)
