"""Plenary on Spark: enrichment and indexing spread over a cluster's cores.

    spark-submit deploy/spark/plenary_spark.py --inputs LIST --out DIR [options]

LIST is a text file (on any filesystem Spark reads) naming the files or folders to
index, one a line; with --records it is instead JSON Lines (a file, folder or glob)
whose lines are the records. Each partition goes through `plenary enrich` (a streaming
filter: paths or records in, enriched JSON Lines out), and its enriched records become
one index shard built by `plenary index`; the driver then merges the shards with
`plenary index merge` into DIR/index, which `plenary serve --index DIR/index` serves.

    DIR/enriched/part-NNNNN.jsonl   the enriched records of partition N
    DIR/parquet/                    the same as Parquet (--parquet)
    DIR/reports/part-NNNNN.jsonl    what partition N skipped, and why
    DIR/shards/part-NNNNN/          the index shard of partition N
    DIR/index/                      the merged index

Runs stay incremental: a path keeps its partition from one run to the next (partitions
by a hash of the path), a partition whose inputs are unchanged (same paths, sizes and
modification times, or the same records) is not enriched again, its enriched file is
left untouched, and so `plenary index` finds its shard up to date.

DIR must be a folder every executor writes to (local mode, or a shared mount on a
cluster); the inputs are read where the executors run.
"""

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

# Exit code of `plenary enrich` and `plenary index` when some input was skipped (and
# reported): the run itself succeeded.
EXIT_SKIPPED = 2


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", required=True,
                        help="a file listing paths one a line, or JSON Lines with --records")
    parser.add_argument("--out", required=True, help="the output folder")
    parser.add_argument("--records", action="store_true",
                        help="--inputs is JSON Lines: its lines are the records to enrich")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions, one shard each (default: Spark's parallelism)")
    parser.add_argument("--plenary", default=None,
                        help="the plenary binary (default: one shipped with --files, else plenary on PATH)")
    parser.add_argument("--master", default=None,
                        help="the Spark master when not run by spark-submit, such as local[2]")
    parser.add_argument("--parquet", action="store_true", help="also write the records as Parquet")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads of each plenary process (Spark runs one task a core)")
    return parser.parse_args(argv)


def plenary_binary(given):
    """The binary of an executor: the one given, one shipped with --files, or PATH's."""
    if given:
        return given
    try:
        from pyspark import SparkFiles
        shipped = SparkFiles.get("plenary")
        if os.path.isfile(shipped):
            mode = os.stat(shipped).st_mode
            if not mode & stat.S_IXUSR:
                os.chmod(shipped, mode | stat.S_IXUSR)
            return shipped
    except Exception:  # not in a Spark task, or nothing shipped
        pass
    return shutil.which("plenary") or "plenary"


def fingerprint(items, records):
    """What a partition's inputs are: the paths with their sizes and times, or the records."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.encode("utf-8", "surrogateescape"))
        if not records:
            for root, _, files in os.walk(item) if os.path.isdir(item) else [("", [], [item])]:
                for name in sorted(files):
                    path = os.path.join(root, name)
                    try:
                        info = os.stat(path)
                        digest.update(f"\0{path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
                    except OSError:
                        digest.update(f"\0{path}\0missing".encode())
        digest.update(b"\n")
    return digest.hexdigest()


def run_partition(number, items, options):
    """Enriches one partition and builds its shard; yields what it did as one JSON line."""
    items = sorted(item for item in items if item.strip())
    binary = plenary_binary(options["plenary"])
    out = options["out"]
    name = f"part-{number:05d}"
    enriched = os.path.join(out, "enriched", name + ".jsonl")
    marker = enriched + ".inputs"
    report = os.path.join(out, "reports", name + ".jsonl")
    shard = os.path.join(out, "shards", name)
    for folder in ("enriched", "reports", "shards"):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    summary = {"partition": number, "inputs": len(items), "enriched": False}
    stamp = fingerprint(items, options["records"])
    previous = open(marker).read() if os.path.exists(marker) else None
    if previous != stamp or not os.path.exists(enriched):
        # Written beside the final file and renamed: a killed task leaves no half file.
        with tempfile.NamedTemporaryFile("wb", dir=os.path.dirname(enriched),
                                         prefix=name, suffix=".partial", delete=False) as output:
            process = subprocess.run(
                [binary, "enrich", "-", "--threads", str(options["threads"]),
                 "--report", report, "--json"],
                input="\n".join(items).encode("utf-8", "surrogateescape") + b"\n",
                stdout=output, stderr=subprocess.PIPE)
        if process.returncode not in (0, EXIT_SKIPPED):
            os.unlink(output.name)
            raise RuntimeError(f"plenary enrich failed on partition {number}: "
                               + process.stderr.decode("utf-8", "replace"))
        os.replace(output.name, enriched)
        with open(marker, "w") as stamp_file:
            stamp_file.write(stamp)
        summary["enriched"] = True
        summary["enrich"] = last_json(process.stderr)
    process = subprocess.run(
        [binary, "index", enriched, "--index", shard, "--threads", str(options["threads"]),
         "--writer-threads", "1", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if process.returncode not in (0, EXIT_SKIPPED):
        raise RuntimeError(f"plenary index failed on partition {number}: "
                           + process.stderr.decode("utf-8", "replace"))
    summary["index"] = json.loads(process.stdout or b"{}")
    summary["shard"] = shard
    yield json.dumps(summary)


def last_json(stderr):
    """The summary `plenary enrich --json` prints last on its standard error."""
    for line in reversed(stderr.decode("utf-8", "replace").splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                break
    return None


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("plenary")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    out = os.path.abspath(args.out)
    partitions = args.partitions or context.defaultParallelism
    lines = context.textFile(args.inputs).filter(lambda line: line.strip())
    if args.records:
        items = lines.repartition(partitions)
    else:
        # By a hash of the path: a path stays in its partition from run to run.
        items = (lines.map(lambda path: (path.strip(), None))
                 .partitionBy(partitions, lambda path: int(hashlib.md5(path.encode()).hexdigest(), 16))
                 .keys())
    options = {"out": out, "plenary": args.plenary, "records": args.records,
               "threads": args.threads}
    summaries = [json.loads(line) for line in items.mapPartitionsWithIndex(
        lambda number, part: run_partition(number, part, options)).collect()]
    shards = sorted(summary["shard"] for summary in summaries)
    # A partition that got no input this run leaves no shard behind.
    stale = os.path.join(out, "shards")
    for name in sorted(os.listdir(stale)):
        if os.path.join(stale, name) not in shards:
            shutil.rmtree(os.path.join(stale, name), ignore_errors=True)
    merged = os.path.join(out, "index")
    process = subprocess.run(
        [plenary_binary(args.plenary), "index", "merge", *shards, "--index", merged, "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if process.returncode != 0:
        raise RuntimeError("plenary index merge failed: " + process.stderr.decode("utf-8", "replace"))
    if args.parquet:
        enriched = context.textFile(os.path.join(out, "enriched", "part-*.jsonl"))
        spark.read.json(enriched).write.mode("overwrite").parquet(os.path.join(out, "parquet"))
    result = {"partitions": summaries, "merge": json.loads(process.stdout)}
    print(json.dumps(result))
    spark.stop()
    return result


if __name__ == "__main__":
    main()
