// SPDX-License-Identifier: MIT
// The draft's live run events (Server-Sent Events), while they are wanted.
//
// The stream URL is asked for with the session and is short-lived; the
// stream resumes after the last event seen (``lastEventId``) whenever it is
// opened again: after the server asks for a reconnect, after a network
// error (with a growing pause) or when it is wanted again. While it is not
// open, ``connected`` is false and the runs state falls back to polling.
import { useEffect, useRef, useState } from "react";
import * as api from "../api";

const FIRST_PAUSE = 2000;
const LONGEST_PAUSE = 60000;

/** Whether this browser can follow events at all. */
export const eventsSupported = () => typeof window !== "undefined" && "EventSource" in window;

/**
 * Follow the events of ``recordId`` while ``wanted``; ``onEvent`` gets each
 * event's JSON. Returns whether the stream is open now.
 */
export function useRunEvents(recordId, wanted, onEvent) {
  const [connected, setConnected] = useState(false);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const lastId = useRef(null);

  useEffect(() => {
    if (!recordId || !wanted || !eventsSupported()) {
      return undefined;
    }
    let source = null;
    let timer = null;
    let stopped = false;
    let pause = FIRST_PAUSE;

    const close = () => {
      if (source) {
        source.close();
        source = null;
      }
      setConnected(false);
    };
    const openLater = () => {
      close();
      if (!stopped) {
        timer = setTimeout(open, pause);
        pause = Math.min(pause * 2, LONGEST_PAUSE);
      }
    };
    const receive = (message) => {
      if (message.lastEventId) {
        lastId.current = message.lastEventId;
      }
      try {
        onEventRef.current(JSON.parse(message.data));
      } catch (error) {
        // an event this panel cannot read changes nothing on screen
      }
    };
    async function open() {
      let stream;
      try {
        stream = await api.eventStream(recordId, lastId.current);
      } catch (error) {
        openLater(); // no URL (events not served, or the session ended): poll
        return;
      }
      if (stopped) {
        return;
      }
      source = new EventSource(stream.url);
      source.onopen = () => {
        pause = FIRST_PAUSE;
        setConnected(true);
      };
      // The browser would retry with the same, soon expired, URL: ask anew.
      source.onerror = openLater;
      stream.events.forEach((type) => source.addEventListener(type, receive));
      source.addEventListener("closed", (message) => {
        let reason = null;
        try {
          ({ reason } = JSON.parse(message.data));
        } catch (error) {
          reason = null;
        }
        if (reason === "reconnect") {
          close();
          open();
        } else {
          stopped = true; // access lost: nothing more to follow here
          close();
        }
      });
    }

    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      close();
    };
  }, [recordId, wanted]);

  return connected;
}
