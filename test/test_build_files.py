# SPDX-License-Identifier: GPL-2.0-only
"""The build descriptions agree with the files on disk: the CMake lists (both modes read them) and
waf's wscript, which no CI here can build. The in-tree CMake mode is built for real in an ns-3
tree by `make test-in-tree` (CI runs it)."""
import glob
import os
import re

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def on_disk(folder, ext):
    return {os.path.relpath(p, SOURCE_DIR) for p in glob.glob(os.path.join(SOURCE_DIR, folder, "*" + ext))}


def cmake_list(name):
    text = open(os.path.join(SOURCE_DIR, "CMakeLists.txt")).read()
    body = re.search(r"set\(%s\n(.*?)\)" % name, text, re.S).group(1)
    return set(body.split())


def test_cmake_lists_every_source_and_header():
    sources = on_disk("model", ".cc") | on_disk("helper", ".cc")
    headers = on_disk("model", ".h") | on_disk("helper", ".h")
    assert cmake_list("ipsec_model_sources") | cmake_list("ipsec_helper_sources") == sources
    assert cmake_list("ipsec_headers") == headers
    examples = {os.path.basename(p)[:-3] for p in on_disk("examples", ".cc")}
    groups = [cmake_list(g) for g in ("ipsec_examples", "ipsec_mpi_examples", "ipsec_emulation_examples")]
    assert set().union(*groups) == examples
    assert sum(len(g) for g in groups) == len(examples), "an example is in two lists"


class FakeTask:
    def __init__(self):
        self.use = []
        self.source = []


class FakeEnv(dict):
    """waf's environment: attributes and items (every optional module enabled)."""

    ENABLE_EXAMPLES = True
    ENABLE_MPI = True

    def __init__(self):
        super().__init__(NS3_ENABLED_MODULES=["ns3-fd-net-device", "ns3-mpi"])


class FakeBuild:
    """Records what wscript's build() asks of waf."""

    def __init__(self):
        self.tasks = []
        self.env = FakeEnv()

    def create_ns3_module(self, name, deps):
        assert name == "ipsec"
        self.module = FakeTask()
        return self.module

    def create_ns3_program(self, name, deps):
        task = FakeTask()
        task.name = name
        self.tasks.append(task)
        return task

    def __call__(self, features):
        self.headers = FakeTask()
        return self.headers


def test_wscript_lists_every_source_header_and_example():
    namespace = {}
    exec(open(os.path.join(SOURCE_DIR, "wscript")).read(), namespace)
    bld = FakeBuild()
    namespace["build"](bld)
    assert set(bld.module.source) == on_disk("model", ".cc") | on_disk("helper", ".cc")
    assert set(bld.headers.source) == on_disk("model", ".h") | on_disk("helper", ".h")
    assert {t.source for t in bld.tasks} == on_disk("examples", ".cc")
