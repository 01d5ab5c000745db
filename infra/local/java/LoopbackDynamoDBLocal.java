import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local bound to the loopback only. Its command line has no bind-address option, and its
 * Jetty server listens on every interface, so this launcher builds the server from the same arguments
 * and sets the host of its connectors to 127.0.0.1 before starting it.
 *
 * It also stops when its parent does: the platform holds this process's stdin open, and when the
 * pipe closes — the platform exited, crashed or was killed — the emulator shuts down instead of
 * being left running as an orphan.
 */
public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector sc) sc.setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // nothing is sent; only the end of the stream matters
        }
      } catch (Exception ignored) {
        // a broken pipe means the same: the parent is gone
      }
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
      System.exit(0);
    });
    watch.setDaemon(true);
    watch.start();
    proxy.join();
  }
}
