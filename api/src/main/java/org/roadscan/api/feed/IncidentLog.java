package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the feed saw per incident, for {@code GET /v1/incidents/{id}}, its events (SSE) and CoT:
 * the tags of its frames and the frames dropped, in order, each with an event id that grows by
 * one per incident (the SSE {@code id}, for {@code Last-Event-ID}).
 *
 * <p>Durable: every event is written to {@code incident_events} (V14, {@link PgIncidentEvents})
 * after it was appended, without the caller waiting (a frame's 200 never waits for PostgreSQL);
 * a failed write is logged and the event stays in memory only. Memory is the live cache and the
 * listeners' hub: the last {@value #MAX_EVENTS} events of each of the {@value #MAX_INCIDENTS}
 * incidents most recently fed. A read that memory cannot answer completely (after a restart, an
 * incident evicted, a {@code Last-Event-ID} older than memory holds, an incident only another
 * process has fed) reads the table, and memory's newer events not yet written are added to it.
 *
 * <p>Event ids: a counter per incident in memory, seeded by {@link #seed()} at start (and on a
 * first lookup of an incident unknown here) from the largest id in the table, so an incident fed
 * before a restart continues with larger ids. Chosen over the table's own sequence because the
 * id must be known when the event happens, before any write. The table's unique (incident,
 * event_id) refuses (and the log reports) a clash, which needs two processes feeding one incident
 * at the same time: keep a crew on one replica (sticky sessions); the tags are in the register
 * either way. Events another process appends reach its own listeners only. Thread-safe.
 */
public final class IncidentLog {

  public static final int MAX_EVENTS = 2000;
  public static final int MAX_INCIDENTS = 200;
  /** Incident ids: letters, digits, '.', '_', '-', at most 64. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Logger LOG = LoggerFactory.getLogger(IncidentLog.class);

  /** One event of an incident: {@code kind} {@code tags} or {@code frame-dropped}. */
  public record Event(long id, String kind, JsonObject data) {
  }

  private static final class Incident {
    final ArrayDeque<Event> events = new ArrayDeque<>();
    final List<Consumer<Event>> listeners = new ArrayList<>();
  }

  private final PgIncidentEvents store;
  /** The last event id of every incident known here (one long each: kept, not evicted). */
  private final Map<String, Long> lastIds = new HashMap<>();
  private final Map<String, Incident> incidents = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Incident> eldest) {
      return size() > MAX_INCIDENTS && eldest.getValue().listeners.isEmpty();
    }
  };
  private final Set<Future<Void>> writing = ConcurrentHashMap.newKeySet();

  public IncidentLog(PgIncidentEvents store) {
    this.store = store;
  }

  public static String url(String incident) {
    return "/v1/incidents/" + incident;
  }

  public static String frameUrl(String incident, long frameId) {
    return url(incident) + "/frames/" + frameId;
  }

  /** Seeds the event ids from the table; completes before the service takes frames. */
  public Future<Void> seed() {
    return store.lastIds().map(last -> {
      synchronized (this) {
        last.forEach((incident, id) -> lastIds.merge(incident, id, Math::max));
      }
      return null;
    });
  }

  /**
   * Adds an event, starts writing it to the table and tells the incident's listeners (on the
   * calling thread, outside the lock).
   */
  public Event append(String incident, String kind, JsonObject data) {
    Event event;
    List<Consumer<Event>> listeners;
    synchronized (this) {
      Incident i = incidents.computeIfAbsent(incident, k -> new Incident());
      event = new Event(lastIds.merge(incident, 1L, Long::sum), kind, data);
      i.events.add(event);
      while (i.events.size() > MAX_EVENTS) {
        i.events.poll();
      }
      listeners = List.copyOf(i.listeners);
    }
    Future<Void> write = store.insert(incident, event)
        .onFailure(err -> LOG.warn("event {} of incident {} could not be written; it is in"
            + " this process's memory only", event.id(), incident, err));
    writing.add(write);
    write.onComplete(done -> writing.remove(write));
    listeners.forEach(l -> l.accept(event));
    return event;
  }

  /** Whether the incident has events or listeners, here or (events) in the table. */
  public Future<Boolean> exists(String incident) {
    synchronized (this) {
      if (lastIds.containsKey(incident) || incidents.containsKey(incident)) {
        return Future.succeededFuture(true);
      }
    }
    return store.lastId(incident).map(last -> {
      if (last == null) {
        return false;
      }
      synchronized (this) {
        lastIds.merge(incident, last, Math::max);
      }
      return true;
    });
  }

  /**
   * The events after {@code afterId}, oldest first (at most the last {@value #MAX_EVENTS} of
   * them); empty for an unknown incident.
   */
  public Future<List<Event>> after(String incident, long afterId) {
    List<Event> held;
    synchronized (this) {
      Incident i = incidents.get(incident);
      held = i == null ? List.of() : List.copyOf(i.events);
      Long last = lastIds.get(incident);
      // ids are consecutive in this process: memory is complete when it starts right after
      // afterId, or nothing came after it
      if (last != null && (afterId >= last
          || (!held.isEmpty() && held.get(0).id() <= afterId + 1))) {
        return Future.succeededFuture(newer(held, afterId));
      }
    }
    return store.after(incident, afterId, MAX_EVENTS).map(stored -> {
      long lastStored = stored.isEmpty() ? afterId : stored.get(stored.size() - 1).id();
      List<Event> all = Stream.concat(stored.stream(), newer(held, lastStored).stream())
          .toList();
      return all.size() <= MAX_EVENTS ? all : all.subList(all.size() - MAX_EVENTS, all.size());
    });
  }

  private static List<Event> newer(List<Event> events, long afterId) {
    return events.stream().filter(e -> e.id() > afterId).toList();
  }

  /**
   * The tags of frame {@code frameId} of the incident; frame ids restart with the process, so the
   * newest frame of that id.
   */
  public Future<Optional<JsonObject>> frame(String incident, long frameId) {
    return after(incident, 0).map(events -> {
      JsonObject found = null;
      for (Event e : events) {
        if ("tags".equals(e.kind()) && e.data().getLong("frameId") == frameId) {
          found = e.data();
        }
      }
      return Optional.ofNullable(found);
    });
  }

  /**
   * Listens for the incident's new events (creating the incident when unknown, so a crew can open
   * the stream before the first frame); returns what removes the listener.
   */
  public synchronized Runnable listen(String incident, Consumer<Event> listener) {
    Incident i = incidents.computeIfAbsent(incident, k -> new Incident());
    i.listeners.add(listener);
    return () -> {
      synchronized (IncidentLog.this) {
        i.listeners.remove(listener);
      }
    };
  }

  /**
   * Completes when the writes under way have ended, at most {@code timeoutMs} later (a graceful
   * stop waits for them before the pool closes).
   */
  public Future<Void> drain(long timeoutMs) {
    return Future.join(List.copyOf(writing)).<Void>mapEmpty()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(err -> Future.succeededFuture());
  }
}
