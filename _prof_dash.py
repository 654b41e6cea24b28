import cProfile, pstats, runpy, io, os
pr = cProfile.Profile()
pr.enable()
try:
    runpy.run_path(os.path.join(os.path.dirname(__file__), "dashboard.py"), run_name="__main__")
finally:
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(60)
    open("/tmp/dash_prof.txt", "a").write(s.getvalue() + "\n=====\n")
