#!/usr/bin/env python3
"""Reads a JUnit XML report as GitLab's and Jenkins' readers do (python3-junitparser, Debian) and
checks the structure they rely on: <testsuites> of <testsuite name tests failures errors> of
<testcase name classname>, each with at most one <failure> and its counts consistent. Prints one
line "suites tests failures errors" per file; exits 1 on any problem, 77 without junitparser.

    check_junit.py REPORT.xml [EXPECTED_SUITES EXPECTED_TESTS EXPECTED_FAILURES]"""
import sys
import xml.etree.ElementTree as ElementTree

try:
    import junitparser
except ImportError:
    print("check_junit: python3-junitparser is not installed (tools/setup.sh --test)")
    sys.exit(77)

path = sys.argv[1]
problems = []
root = ElementTree.parse(path).getroot()
if root.tag != "testsuites":
    problems.append(f"root element is <{root.tag}>, not <testsuites>")
xml = junitparser.JUnitXml.fromfile(path)
suites = tests = failures = errors = 0
for suite in xml:
    suites += 1
    cases = list(suite)
    counted_failures = sum(1 for case in cases for result in case.result if isinstance(result, junitparser.Failure))
    counted_errors = sum(1 for case in cases for result in case.result if isinstance(result, junitparser.Error))
    if suite.tests != len(cases):
        problems.append(f"suite {suite.name}: tests={suite.tests} but {len(cases)} test cases")
    if suite.failures != counted_failures or suite.errors != counted_errors:
        problems.append(f"suite {suite.name}: counts {suite.failures}/{suite.errors} but {counted_failures}/{counted_errors}")
    for case in cases:
        if not case.name or not case.classname:
            problems.append(f"suite {suite.name}: a test case without name or classname")
        if sum(1 for result in case.result if isinstance(result, junitparser.Failure)) > 1:
            problems.append(f"suite {suite.name}, case {case.name}: more than one failure")
    tests += len(cases)
    failures += counted_failures
    errors += counted_errors
if root.get("tests") != str(tests) or root.get("failures") != str(failures):
    problems.append(f"<testsuites> says {root.get('tests')} tests, {root.get('failures')} failures; found {tests}, {failures}")
print(f"{suites} {tests} {failures} {errors}")
if len(sys.argv) == 5 and [suites, tests, failures] != [int(value) for value in sys.argv[2:5]]:
    problems.append(f"expected {sys.argv[2:5]} suites, tests, failures; found {[suites, tests, failures]}")
for problem in problems:
    print("check_junit:", problem)
sys.exit(1 if problems else 0)
