package dev.reloader.launch.standby;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;

/**
 * Plays the running application and a standby at once: holds an H2 file database open
 * with data in it and the application's port bound, rehearses the application (configured
 * to drop and create the schema, to run SQL scripts, to log to a file and to run a
 * scheduled task and a runner that leave marker files) several times, and prints the data,
 * the tables and the marker files afterwards. With {@code then-real-run}, it then runs the
 * application for real, which shows what the same configuration does to the database
 * outside a rehearsal. Further arguments are the application's, for every rehearsal.
 *
 * @author Reloader contributors
 */
public final class RehearsalDatabaseMain {

	private RehearsalDatabaseMain() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int port = Integer.parseInt(args[1]);
		int rehearsals = Integer.parseInt(args[2]);
		Path markers = Path.of(args[3]);
		boolean realRun = args[4].equals("then-real-run");
		String[] applicationArguments = Arrays.copyOfRange(args, 5, args.length);
		try (Connection running = DriverManager.getConnection(url, "sa", "")) {
			try (Statement statement = running.createStatement()) {
				statement.execute("create table customer (id bigint primary key, name varchar(80))");
				statement.execute("insert into customer values (1, 'Ada'), (2, 'Grace'), (3, 'Barbara')");
			}
			try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
				for (int i = 1; i <= rehearsals; i++) {
					try {
						new StandbyRehearsal("app.RehearsedApplication", applicationArguments, () -> false).run();
						System.out.println("rehearsal " + i + ": completed");
					}
					catch (RuntimeException ex) {
						System.out.println("rehearsal " + i + ": failed: " + ex.getMessage());
					}
				}
			}
			System.out.println("after rehearsals: data=" + data(running) + " tables=" + tables(running) + " markers="
					+ markers(markers));
			if (realRun) {
				SpringApplication.run(Class.forName("app.RehearsedApplication"), "--spring.main.web-application-type=none",
				"--reloader.enabled=false")
					.close();
				System.out.println("after the real run: data=" + data(running) + " markers=" + markers(markers));
			}
		}
	}

	private static List<String> data(Connection connection) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select id, name from customer order by id")) {
			while (result.next()) {
				rows.add(result.getLong(1) + ":" + result.getString(2));
			}
		}
		catch (SQLException ex) {
			rows.add("no table: " + ex.getErrorCode());
		}
		return rows;
	}

	private static List<String> tables(Connection connection) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
				"select table_name from information_schema.tables where table_schema = 'PUBLIC' order by 1")) {
			while (result.next()) {
				tables.add(result.getString(1));
			}
		}
		return tables;
	}

	private static List<String> markers(Path directory) throws Exception {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
