# SPDX-License-Identifier: GPL-2.0-only
"""ns-3's CommandLine for the ns3ipsec bindings, with ns-3.37's Python call shapes.

    from ctypes import c_int, c_bool
    nCsma = c_int(3)
    cmd = ns.CommandLine(__file__)
    cmd.AddValue("nCsma", "Number of extra CSMA nodes", nCsma)
    cmd.Parse(sys.argv)
    nCsma.value

As ns-3's: --name=value, a bare --flag toggles a bool, --ns3::Type::Attribute=value sets an
attribute default, --GlobalName=value a global value (--RngRun=3), --PrintHelp/--help,
--PrintGlobals, --PrintAttributes=ns3::Type, --PrintTypeIds, --PrintGroups, --PrintGroup=group,
--PrintVersion. Also: "--name value" for a program option that is not a bool, plain Python
values (cmd.AddValue("packets", "help", 100) keeps the value in cmd.packets) and callables
(called with the text, False refuses it). Where ns-3 prints an error and exits, this raises
ValueError; --help and the other --Print options print and raise SystemExit(0).
"""
import ctypes
import os
import re
import sys

import ns3ipsec as _ext

_SIGNED = (ctypes.c_byte, ctypes.c_short, ctypes.c_int, ctypes.c_long, ctypes.c_longlong)
_UNSIGNED = (ctypes.c_ubyte, ctypes.c_ushort, ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulonglong)
_FLOATS = (ctypes.c_float, ctypes.c_double, ctypes.c_longdouble)
_ATTRIBUTE_PATH = re.compile(r"^ns3::[A-Za-z0-9_:<>]+::[A-Za-z0-9_]+$")


def _parse_bool(text, current):
    if text == "":
        return not current  # ns-3: no value toggles
    low = text.lower()
    if low in ("true", "t", "1"):
        return True
    if low in ("false", "f", "0"):
        return False
    raise ValueError("expected true, false, t, f, 1 or 0")


def _parse_int(text):
    if not re.fullmatch(r"[+-]?[0-9]+", text.strip()):
        raise ValueError("expected a whole number")
    return int(text)


def _parse_float(text):
    try:
        value = float(text)
    except ValueError:
        raise ValueError("expected a number") from None
    return value


class _Item:
    """One program option or non-option argument."""

    def __init__(self, name, help, target, extra=None):
        self.name = name
        self.help = help
        self.target = target
        self.extra = extra  # buffer length for c_char_p, attribute path

    # --- what kind of value
    def is_bool(self, cmd):
        t = self.target
        if isinstance(t, ctypes.c_bool):
            return True
        if isinstance(t, _PyValue):
            return isinstance(getattr(cmd, self.name, None), bool)
        return False

    def default(self, cmd):
        t = self.target
        if isinstance(t, _AttributePath):
            return t.default
        if isinstance(t, _PyValue):
            v = getattr(cmd, self.name, None)
        elif isinstance(t, (ctypes._SimpleCData, ctypes.Array)):
            v = t.value
        else:
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, bytes):
            return v.decode(errors="replace")
        return None if v is None else str(v)

    def set(self, cmd, text):
        """Parse text into the target; ValueError with what was expected."""
        t = self.target
        if isinstance(t, _AttributePath):
            _ext.Config.SetDefault(t.path, text)
        elif callable(t) and not isinstance(t, (ctypes._SimpleCData, ctypes.Array, _PyValue)):
            if t(text) is False:
                raise ValueError("refused by the program")
        elif isinstance(t, ctypes.c_bool):
            t.value = _parse_bool(text, t.value)
        elif isinstance(t, _SIGNED + _UNSIGNED):
            value = _parse_int(text)
            bits = 8 * ctypes.sizeof(t)
            low, high = ((0, 2**bits - 1) if isinstance(t, _UNSIGNED)
                         else (-(2**(bits - 1)), 2**(bits - 1) - 1))
            if not low <= value <= high:
                raise ValueError(f"expected a whole number from {low} to {high}")
            t.value = value
        elif isinstance(t, _FLOATS):
            t.value = _parse_float(text)
        elif isinstance(t, (ctypes.c_char_p, ctypes.Array)):
            data = text.encode()
            if self.extra is not None and len(data) >= self.extra:
                raise ValueError(f"longer than the buffer ({self.extra - 1} bytes)")
            try:
                t.value = data
            except ValueError as e:
                raise ValueError(str(e)) from None
        elif isinstance(t, ctypes.c_wchar_p):
            t.value = text
        elif isinstance(t, _PyValue):
            current = getattr(cmd, self.name, None)
            if isinstance(current, bool):
                value = _parse_bool(text, current)
            elif isinstance(current, int):
                value = _parse_int(text)
            elif isinstance(current, float):
                value = _parse_float(text)
            else:
                value = text
            setattr(cmd, self.name, value)
        else:
            raise TypeError(f"cannot store a command-line value in {type(t).__name__}")


class _PyValue:
    """A plain Python value: kept as an attribute of the CommandLine."""


class _AttributePath:
    def __init__(self, path, default):
        self.path = path
        self.default = default


def _attribute_info(path):
    """(help, initial value) of 'ns3::Type::Attribute', or None."""
    type_name, _, attribute = path.rpartition("::")
    found, tid = _ext.TypeId.LookupByNameFailSafe(type_name)
    if not found:
        return None
    while True:
        for i in range(tid.GetAttributeN()):
            info = tid.GetAttribute(i)
            if info.name == attribute:
                return info.help, info.initialValue
        parent = tid.GetParent()
        if parent == tid:
            return None
        tid = parent


class CommandLine:
    """ns-3's CommandLine (see the module documentation)."""

    def __init__(self, filename=""):
        base = os.path.basename(str(filename)) if filename else ""
        self._cmd_name = base[:-3] if base.endswith(".cc") else base
        self._cmd_usage = ""
        self._cmd_options = []
        self._cmd_non_options = []
        self._cmd_extra = []

    # --- declaring
    def Usage(self, usage):
        self._cmd_usage = usage

    def GetName(self):
        return self._cmd_name

    def AddValue(self, name, help, value=None, num=None):
        """AddValue(name, help, value[, bufferLength]) or AddValue(name, "ns3::Type::Attr")."""
        if not isinstance(name, str) or not name or name.startswith("-") or "=" in name:
            raise ValueError(f"CommandLine.AddValue: {name!r} is not an option name")
        if any(item.name == name for item in self._cmd_options):
            raise ValueError(f"CommandLine.AddValue: --{name} is already an option")
        if value is None and isinstance(help, str) and _ATTRIBUTE_PATH.match(help):
            info = _attribute_info(help)
            if info is None:
                raise ValueError(f"CommandLine.AddValue({name!r}, {help!r}): there is no "
                                 f"attribute {help}")
            item = _Item(name, info[0], _AttributePath(help, info[1]))
        elif value is None or isinstance(value, (bool, int, float, str)):
            # A plain value (or ns-3.36's pybindgen form): kept as cmd.<name>.
            if value is not None:
                setattr(self, name, value)
            item = _Item(name, help, _PyValue())
        elif isinstance(value, (ctypes._SimpleCData, ctypes.Array)) or callable(value):
            item = _Item(name, help, value, num)
        else:
            raise TypeError(f"CommandLine.AddValue: cannot keep a command-line value in "
                            f"{type(value).__name__} (use a ctypes value such as c_int(3), a "
                            f"plain int/float/bool/str, or a callable)")
        self._cmd_options.append(item)

    def AddNonOption(self, name, help, value):
        if not isinstance(value, (ctypes._SimpleCData, ctypes.Array, bool, int, float, str)) \
                and not callable(value):
            raise TypeError("CommandLine.AddNonOption: a ctypes value, a plain value or a "
                            "callable")
        if isinstance(value, (bool, int, float, str)):
            setattr(self, name, value)
            value = _PyValue()
        self._cmd_non_options.append(_Item(name, help, value))

    def GetNExtraNonOptions(self):
        return len(self._cmd_extra)

    def GetExtraNonOption(self, i):
        return self._cmd_extra[i]

    # --- parsing
    def Parse(self, argv=None):
        if argv is None:
            argv = sys.argv
        if isinstance(argv, (str, bytes)) or not hasattr(argv, "__iter__"):
            raise TypeError("CommandLine.Parse takes the argument list (sys.argv)")
        args = [str(a) for a in argv]
        if not args:
            return
        if not self._cmd_name:
            self._cmd_name = os.path.basename(args[0])
        args = args[1:]
        self._hard_options(args)
        self._cmd_extra = []
        non_option = 0
        i = 0
        while i < len(args):
            param = args[i]
            i += 1
            name, value, is_option = self._option(param)
            if not is_option:
                if non_option < len(self._cmd_non_options):
                    item = self._cmd_non_options[non_option]
                    try:
                        item.set(self, param)
                    except ValueError as e:
                        raise ValueError(f"invalid non-option argument value {param!r} for "
                                         f"{item.name}: {e}") from None
                else:
                    self._cmd_extra.append(param)
                non_option += 1
                continue
            item = next((o for o in self._cmd_options if o.name == name), None)
            if item is not None:
                if value is None:
                    # "--name value" for options that take one (not in ns-3.37, which reads
                    # the option as empty and the value as a non-option).
                    if (not item.is_bool(self) and i < len(args)
                            and not args[i].startswith("--")
                            and not re.match(r"^-[A-Za-z]", args[i])):
                        value = args[i]
                        i += 1
                    else:
                        value = ""
                try:
                    item.set(self, value)
                except (ValueError, TypeError) as e:
                    raise ValueError(f"invalid command-line argument --{name}={value}: {e}"
                                     ) from None
                continue
            self._attribute(name, "" if value is None else value)

    @staticmethod
    def _option(param):
        if param.startswith("--"):
            arg = param[2:]
        elif param.startswith("-") and len(param) > 1:
            arg = param[1:]
        else:
            return param, None, False
        name, eq, value = arg.partition("=")
        return name, (value if eq else None), True

    def _attribute(self, name, value):
        """A global value or an attribute default, as ns-3's HandleAttribute."""
        names = [item.name for item in self._cmd_options]
        if "::" not in name:
            globals_ = [g[0] for g in _ext.GlobalValue.GetAll()]
            if name in globals_:
                try:
                    _ext.Config.SetGlobal(name, value)
                except (ValueError, TypeError) as e:
                    raise ValueError(f"invalid command-line argument --{name}={value}: {e}"
                                     ) from None
                return
            import difflib
            close = difflib.get_close_matches(name, names + globals_, 1, 0.6)
            raise ValueError(
                f"invalid command-line argument --{name}" + (f"={value}" if value else "") +
                ": not an option of this program" +
                (f" (did you mean --{close[0]}?)" if close else "") +
                (f"; options: {', '.join('--' + n for n in names)}" if names else "") +
                "; --PrintHelp lists them, --ns3::Type::Attribute=value sets an attribute "
                "default")
        try:
            _ext.Config.SetDefault(name, value)
        except (ValueError, TypeError) as e:
            raise ValueError(f"invalid command-line argument --{name}={value}: {e}") from None

    # --- the options that print and exit
    def _hard_options(self, args):
        for param in args:
            name, value, is_option = self._option(param)
            if not is_option:
                continue
            value = value or ""
            out = sys.stdout
            if name in ("PrintHelp", "help"):
                self.PrintHelp(out)
            elif name in ("PrintVersion", "version"):
                print("ns-3.37 (ns3ipsec Python bindings)", file=out)
            elif name == "PrintGroups":
                self._print_groups(out)
            elif name == "PrintTypeIds":
                self._print_type_ids(out)
            elif name == "PrintGlobals":
                self._print_globals(out)
            elif name == "PrintGroup":
                self._print_group(out, value)
            elif name == "PrintAttributes":
                self._print_attributes(out, value)
            else:
                continue
            out.flush()
            raise SystemExit(0)

    def PrintHelp(self, os_=None):
        out = os_ or sys.stdout
        non_options = self._cmd_non_options
        print(f"{self._cmd_name}" + (" [Program Options]" if self._cmd_options else "") +
              (" [Program Arguments]" if non_options else "") + " [General Arguments]",
              file=out)
        if self._cmd_usage:
            print(file=out)
            print(self._cmd_usage, file=out)
        width = max([len(i.name) for i in self._cmd_options + non_options] + [0]) + 3

        def section(head, option, items):
            print(file=out)
            print(head, file=out)
            for item in items:
                default = item.default(self)
                line = "    " + ("--" if option else "  ") + f"{item.name + ':':<{width}}" + \
                    item.help
                if default is not None:
                    line += f" [{default}]"
                print(line, file=out)

        if self._cmd_options:
            section("Program Options:", True, self._cmd_options)
        if non_options:
            section("Program Arguments:", False, non_options)
        print(file=out)
        print("General Arguments:\n"
              "    --PrintGlobals:              Print the list of globals.\n"
              "    --PrintGroups:               Print the list of groups.\n"
              "    --PrintGroup=[group]:        Print all TypeIds of group.\n"
              "    --PrintTypeIds:              Print all TypeIds.\n"
              "    --PrintAttributes=[typeid]:  Print all attributes of typeid.\n"
              "    --PrintVersion:              Print the ns-3 version.\n"
              "    --PrintHelp:                 Print this help message.\n", file=out)

    @staticmethod
    def _type_ids():
        return [_ext.TypeId.GetRegistered(i) for i in range(_ext.TypeId.GetRegisteredN())]

    def _print_groups(self, out):
        print("Registered TypeId groups:", file=out)
        for group in sorted({t.GetGroupName() for t in self._type_ids()} - {""}):
            print("    " + group, file=out)

    def _print_type_ids(self, out):
        print("Registered TypeIds:", file=out)
        for name in sorted(t.GetName() for t in self._type_ids()):
            print("    " + name, file=out)

    def _print_group(self, out, group):
        names = sorted(t.GetName() for t in self._type_ids() if t.GetGroupName() == group)
        if not names:
            raise ValueError(f"--PrintGroup: no TypeId is in group {group!r}")
        print(f"TypeIds in group {group}:", file=out)
        for name in names:
            print("    " + name, file=out)

    def _print_globals(self, out):
        print("Global values:", file=out)
        for name, help_, value in sorted(_ext.GlobalValue.GetAll()):
            print(f"    --{name}=[{value}]\n        {help_}", file=out)

    def _print_attributes(self, out, type_name):
        found, tid = _ext.TypeId.LookupByNameFailSafe(type_name)
        if not found:
            raise ValueError(f"--PrintAttributes: unknown type {type_name!r}")
        header = f"Attributes for TypeId {tid.GetName()}"
        while True:
            if tid.GetAttributeN():
                print(header, file=out)
                for i in range(tid.GetAttributeN()):
                    info = tid.GetAttribute(i)
                    print(f"    --{tid.GetName()}::{info.name}=[{info.initialValue}]\n"
                          f"        {info.help}", file=out)
                print(file=out)
            parent = tid.GetParent()
            if parent == tid or parent.GetName() == "ns3::ObjectBase":
                break
            tid = parent
            header = f"Attributes defined in parent class {tid.GetName()}"
