# SPDX-License-Identifier: GPL-2.0-only
"""`make install` gives what a user's own project needs: a CMake package with one target, a
pkg-config file and the Python module. A small project builds against a copy installed in a
temporary prefix, both ways, and runs."""
import os
import shutil
import subprocess

import pytest

BUILD = os.environ.get("IPSEC_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "build"))
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDY = os.path.join(SOURCE_DIR, "scratch", "scratch-ipsec.cc")


def cache_entry(name):
    """A value of the build's CMakeCache.txt, or ''."""
    cache = os.path.join(BUILD, "CMakeCache.txt")
    if not os.path.exists(cache):
        return ""
    for line in open(cache):
        if line.startswith(name + ":"):
            return line.split("=", 1)[1].strip()
    return ""


# In a sanitizer build (make sanitize) the installed library is instrumented: a user's program
# must be built with the same -fsanitize flags, and Python needs the runtimes preloaded.
SANITIZE = [f for f in cache_entry("CMAKE_CXX_FLAGS").split() if f.startswith("-f")] \
    if "-fsanitize" in cache_entry("CMAKE_CXX_FLAGS") else []


def python_env(env):
    if SANITIZE:
        compiler = cache_entry("CMAKE_CXX_COMPILER")
        libs = [subprocess.run([compiler, f"-print-file-name={lib}"], check=True,
                               capture_output=True, text=True).stdout.strip()
                for lib in ("libasan.so", "libubsan.so")]
        env["LD_PRELOAD"] = " ".join(libs)
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    return env


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("prefix")
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(prefix)], check=True,
                   stdout=subprocess.DEVNULL)
    return prefix


def run_study(binary, env=None):
    out = subprocess.run([str(binary), "--packets=7"], check=True, capture_output=True, text=True,
                         env=env).stdout
    assert "7 sent, 7 received" in out, out


def test_installed_layout(prefix):
    assert (prefix / "include" / "ns3" / "ipsec-module.h").exists()
    assert (prefix / "include" / "ns3" / "ipsec-helper.h").exists()
    assert list(prefix.glob("lib*/libns3-ipsec.so"))
    assert list(prefix.glob("lib*/cmake/ns3-ipsec/ns3-ipsec-config.cmake"))
    assert list(prefix.glob("lib*/pkgconfig/ns3-ipsec.pc"))


def test_cmake_package_one_target(prefix, tmp_path):
    project = tmp_path / "study"
    project.mkdir()
    shutil.copy(STUDY, project / "main.cc")
    (project / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.13)\n"
        "project(study CXX)\n"
        "find_package(ns3-ipsec REQUIRED)\n"
        "add_executable(study main.cc)\n"
        "target_link_libraries(study ns3-ipsec::ns3-ipsec)\n")
    subprocess.run(["cmake", "-S", str(project), "-B", str(project / "build"),
                    f"-DCMAKE_PREFIX_PATH={prefix}", "-DCMAKE_CXX_FLAGS=" + " ".join(SANITIZE)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(project / "build")], check=True,
                   stdout=subprocess.DEVNULL)
    run_study(project / "build" / "study")


def test_pkg_config(prefix, tmp_path):
    env = dict(os.environ)
    env["PKG_CONFIG_PATH"] = os.pathsep.join(str(p) for p in prefix.glob("lib*/pkgconfig"))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "ns3-ipsec"], check=True,
                           capture_output=True, text=True, env=env).stdout.split()
    binary = tmp_path / "study"
    subprocess.run(["g++", STUDY, "-o", str(binary)] + SANITIZE + flags, check=True)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(str(p.parent) for p in prefix.glob("lib*/libns3-ipsec.so"))
    run_study(binary, env)


def test_python_module(prefix):
    site = list(prefix.glob("lib*/python3*/dist-packages"))
    assert site, "the Python module is installed"
    env = python_env(dict(os.environ))
    env["PYTHONPATH"] = str(site[0])
    env["LD_LIBRARY_PATH"] = os.pathsep.join(str(p.parent) for p in prefix.glob("lib*/libns3-ipsec.so"))
    out = subprocess.run(["/usr/bin/python3", "-c", "import ns3ipsec; print(ns3ipsec.__file__)"],
                         check=True, capture_output=True, text=True, env=env, cwd="/").stdout
    assert out.startswith(str(site[0])), out
