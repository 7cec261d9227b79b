import org.ipv8router.perf.PipelineBenchmark;
public class ProfileFast {
  public static void main(String[] a) {
    PipelineBenchmark b = new PipelineBenchmark(); b.setUp();
    long end = System.nanoTime() + Long.parseLong(a[0]) * 1_000_000_000L;
    while (System.nanoTime() < end) { for (int k = 0; k < 10000; k++) { if (a.length > 1) b.portsOnly(); else b.forwardBurstNullPorts(); } }
    b.tearDown();
  }
}
