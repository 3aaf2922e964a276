"""The setuptools side of pyproject.toml: the package is built by the project's CMake (the release
preset's build directory, so a built tree only relinks), then its directory goes into the wheel."""
import pathlib
import re
import shutil
import subprocess

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

ROOT = pathlib.Path(__file__).resolve().parent
BUILT_PACKAGE = ROOT / "build" / "release" / "python" / "gdchaos"


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(gdchaos VERSION ([0-9.]+)", text).group(1)


class BuildWithCMake(build_py):
    def run(self):
        subprocess.check_call(["cmake", "--preset", "release", "-DGDCHAOS_PYTHON=ON"], cwd=ROOT, stdout=subprocess.DEVNULL)
        subprocess.check_call(["cmake", "--build", "--preset", "release", "--target", "gdchaos_python"], cwd=ROOT)
        target = pathlib.Path(self.build_lib) / "gdchaos"
        shutil.copytree(BUILT_PACKAGE, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


class CompiledDistribution(Distribution):
    def has_ext_modules(self):  # a platform wheel: the package holds a compiled extension
        return True

    def has_pure_modules(self):  # so that `build` runs build_py, which builds the package
        return True


setup(version=project_version(), packages=[], cmdclass={"build_py": BuildWithCMake}, distclass=CompiledDistribution)
