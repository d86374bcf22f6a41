package org.roadscan.api.feed;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the feed saw per incident, for {@code GET /v1/incidents/{id}}, its events (SSE) and CoT:
 * the tags of its frames and the frames dropped, in order, each with an event id that grows by
 * one per incident (the SSE {@code id}, for {@code Last-Event-ID}).
 *
 * <p>Kept in this process's memory, bounded: the last {@value #MAX_EVENTS} events of each of the
 * {@value #MAX_INCIDENTS} incidents most recently fed; lost at a restart. That is the live
 * picture; the tags themselves are durable in the register ({@code captures.source = 'feed'},
 * {@code captures.incident}). Thread-safe.
 */
public final class IncidentLog {

  public static final int MAX_EVENTS = 2000;
  public static final int MAX_INCIDENTS = 200;
  /** Incident ids: letters, digits, '.', '_', '-', at most 64. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** One event of an incident: {@code kind} {@code tags} or {@code frame-dropped}. */
  public record Event(long id, String kind, JsonObject data) {
  }

  private static final class Incident {
    final ArrayDeque<Event> events = new ArrayDeque<>();
    long lastId;
    final List<Consumer<Event>> listeners = new ArrayList<>();
  }

  private final Map<String, Incident> incidents = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Incident> eldest) {
      return size() > MAX_INCIDENTS && eldest.getValue().listeners.isEmpty();
    }
  };

  public static String url(String incident) {
    return "/v1/incidents/" + incident;
  }

  public static String frameUrl(String incident, long frameId) {
    return url(incident) + "/frames/" + frameId;
  }

  /** Adds an event and tells the incident's listeners (on the calling thread, outside the lock). */
  public Event append(String incident, String kind, JsonObject data) {
    Event event;
    List<Consumer<Event>> listeners;
    synchronized (this) {
      Incident i = incidents.computeIfAbsent(incident, k -> new Incident());
      event = new Event(++i.lastId, kind, data);
      i.events.add(event);
      while (i.events.size() > MAX_EVENTS) {
        i.events.poll();
      }
      listeners = List.copyOf(i.listeners);
    }
    listeners.forEach(l -> l.accept(event));
    return event;
  }

  public synchronized boolean exists(String incident) {
    return incidents.containsKey(incident);
  }

  /** The events after {@code afterId}, oldest first; empty for an unknown incident. */
  public synchronized List<Event> after(String incident, long afterId) {
    Incident i = incidents.get(incident);
    if (i == null) {
      return List.of();
    }
    return i.events.stream().filter(e -> e.id() > afterId).toList();
  }

  /** The tags of frame {@code frameId} of the incident. */
  public synchronized Optional<JsonObject> frame(String incident, long frameId) {
    return after(incident, 0).stream()
        .filter(e -> "tags".equals(e.kind()) && e.data().getLong("frameId") == frameId)
        .map(Event::data).findFirst();
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
}
