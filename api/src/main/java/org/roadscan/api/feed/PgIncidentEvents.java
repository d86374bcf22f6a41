package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table {@code incident_events} (migration V14): the durable copy of the {@link IncidentLog}.
 * Thread-safe (the pool is).
 */
public final class PgIncidentEvents {

  private final Pool pool;

  public PgIncidentEvents(Pool pool) {
    this.pool = pool;
  }

  /** Writes one event; fails on a second write of the same incident and event id. */
  public Future<Void> insert(String incident, IncidentLog.Event event) {
    return pool.preparedQuery("INSERT INTO incident_events (incident, event_id, kind, data)"
            + " VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(incident, event.id(), event.kind(), event.data()))
        .mapEmpty();
  }

  /** The largest event id of every incident written. */
  public Future<Map<String, Long>> lastIds() {
    return pool.query("SELECT incident, max(event_id) AS last FROM incident_events"
            + " GROUP BY incident")
        .execute()
        .map(rows -> {
          Map<String, Long> last = new HashMap<>();
          for (Row row : rows) {
            last.put(row.getString("incident"), row.getLong("last"));
          }
          return last;
        });
  }

  /** The largest event id of the incident, or null when it has none here. */
  public Future<Long> lastId(String incident) {
    return pool.preparedQuery("SELECT max(event_id) AS last FROM incident_events"
            + " WHERE incident = $1")
        .execute(Tuple.of(incident))
        .map(rows -> rows.iterator().next().getLong("last"));
  }

  /** The last {@code limit} events of the incident after {@code afterId}, oldest first. */
  public Future<List<IncidentLog.Event>> after(String incident, long afterId, int limit) {
    return pool.preparedQuery("SELECT event_id, kind, data FROM (SELECT event_id, kind, data"
            + " FROM incident_events WHERE incident = $1 AND event_id > $2"
            + " ORDER BY event_id DESC LIMIT $3) newest ORDER BY event_id")
        .execute(Tuple.of(incident, afterId, limit))
        .map(rows -> {
          List<IncidentLog.Event> events = new ArrayList<>(rows.size());
          for (Row row : rows) {
            events.add(new IncidentLog.Event(row.getLong("event_id"), row.getString("kind"),
                row.getJsonObject("data")));
          }
          return events;
        });
  }
}
