// A small Java 17 client for `muxbench verify --client-cmd`: sends <concurrency> GETs at
// once through one java.net.http.HttpClient (HTTP/2 by ALPN), trusting only the given CA.
// Run as a single-file source program, no build step:
//   java examples/clients/Client.java <url> <concurrency> <ca.pem> [warm-first]
// With warm-first, one request goes out and completes before the burst, so the burst
// finds an established HTTP/2 connection to share.
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

public class Client {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: java Client.java <url> <concurrency> <ca.pem> [warm-first]");
      System.exit(2);
    }
    String url = args[0];
    int concurrency = Integer.parseInt(args[1]);
    boolean warmFirst = args.length > 3 && args[3].equals("warm-first");

    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = new FileInputStream(args[2])) {
      trust.setCertificateEntry("muxbench-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);

    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    if (warmFirst) get(client, url + "?n=0").get(30, TimeUnit.SECONDS);
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 1; i <= concurrency; i++) burst.add(get(client, url + "?n=" + i));
    int failed = 0;
    for (CompletableFuture<HttpResponse<String>> f : burst) {
      HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
      if (response.statusCode() != 200) failed++;
    }
    System.err.println("java client: " + concurrency + " requests, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }

  private static CompletableFuture<HttpResponse<String>> get(HttpClient client, String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
