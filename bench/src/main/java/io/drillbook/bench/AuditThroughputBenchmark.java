package io.drillbook.bench;

import io.drillbook.evidence.ChainVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * In-process (JMH): verifying a log's hash chain with drillbook's streaming {@link ChainVerifier} against the naive
 * read-all-and-parse-a-tree peer, on the same generated log. No process start, so this isolates the per-entry cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AuditThroughputBenchmark {
  @Param({"2000"})
  public int entries;

  private Path dir;
  private Path log;

  @Setup(Level.Trial)
  public void generate() throws Exception {
    dir = Files.createTempDirectory("drillbook-jmh-");
    log = AuditLogs.generate(dir.resolve("drill.md"), entries);
  }

  @TearDown(Level.Trial)
  public void clean() throws Exception {
    Files.deleteIfExists(log);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public Object drillbookStreamingVerify() throws Exception {
    ChainVerifier.Result r = ChainVerifier.verify(log);
    if (!r.intact()) {
      throw new IllegalStateException("generated log does not verify: " + r.problems());
    }
    return r;
  }

  @Benchmark
  public Object peerNaiveTreeParse() throws Exception {
    return NaiveAudit.verify(log);
  }
}
