"""Machine-readable views: schema.org JSON-LD for each page and an Atom feed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from ..html_safety import json_script
from ..model import Citation, Entity, Record
from ..urls import page_uri, site_path
from .common import Context


def absolute(site_url: str, src_uri: str) -> str:
    return site_url.rstrip("/") + "/" + site_path(src_uri)


def record_jsonld(ctx: Context, record: Record, site_url: str) -> str:
    """Seminars as schema.org Event (in their series), case studies as Report."""
    url = absolute(site_url, page_uri(record.collection, record.id))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@id": url,
        "url": url,
        "name": record.title,
    }
    if record.meta.get("summary"):
        data["description"] = record.meta["summary"]
    if record.collection == "seminars":
        data["@type"] = "Event"
        if record.date:
            data["startDate"] = record.date
        series = record.refs.get("series")
        if series:
            entity = ctx.corpus.entity("projects", series[0])
            data["superEvent"] = {
                "@type": "EventSeries",
                "name": entity.name if entity else series[0],
                "url": absolute(site_url, page_uri("projects", series[0])),
            }
        data["eventStatus"] = (
            "https://schema.org/EventCancelled"
            if record.meta.get("status") == "cancelled"
            else "https://schema.org/EventScheduled"
        )
        people = [ref for f in ("speakers", "organisers") for ref in record.people.get(f, [])]
        performers = [_person(ctx, ref.person, site_url) for ref in people]
        data["performer"] = [p for p in performers if p]
        data["organizer"] = [_org(ctx, o, site_url) for o in record.refs.get("hosts", [])]
    else:
        data["@type"] = "Report"
        if record.date:
            data["datePublished"] = record.date
        data["about"] = [_thing(ctx, "themes", t) for t in record.refs.get("themes", [])]
        data["contributor"] = [_org(ctx, o, site_url) for o in record.refs.get("organisations", [])]
    works = _sources(ctx, record.sources, site_url)
    if works:  # an event is the subject of its sources; a report is based on them
        data["subjectOf" if record.collection == "seminars" else "isBasedOn"] = works
    return json_script(data)


def entity_jsonld(ctx: Context, entity: Entity, site_url: str) -> str | None:
    """People as Person and organisations as Organization (with the sources about them), and
    sources as CreativeWork; other kinds have none."""
    data: dict[str, Any] | None
    if entity.kind == "people":
        data = _person(ctx, entity.id, site_url)
    elif entity.kind == "organisations":
        data = _org(ctx, entity.id, site_url)
    elif entity.kind == "sources":
        data = _source(ctx, entity.id, site_url)
    else:
        return None
    if data is None:
        return None
    works = _sources(ctx, entity.sources, site_url) if entity.kind != "sources" else []
    if works:
        data["subjectOf"] = works
    return json_script({"@context": "https://schema.org", **data})


def _sources(ctx: Context, citations: list[Citation], site_url: str) -> list[dict[str, Any]]:
    found = (_source(ctx, s, site_url) for s in dict.fromkeys(c.source for c in citations))
    return [s for s in found if s]


def _source(ctx: Context, source_id: str, site_url: str) -> dict[str, Any] | None:
    """A source as a schema.org CreativeWork: its page here, and its own address when it has
    one; its publisher and the authors who may be named, when the source gives them."""
    source = ctx.corpus.entity("sources", source_id)
    if source is None:
        return None
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.data.get("title") or source.name,
        "url": absolute(site_url, page_uri("sources", source_id)),
    }
    if source.data.get("url"):
        data["sameAs"] = source.data["url"]
    if source.data.get("date") not in (None, "unknown"):
        data["datePublished"] = str(source.data["date"])
    publisher = source.references.get("publisher")
    if publisher:
        data["publisher"] = _org(ctx, publisher[0], site_url)
    authors = [_person(ctx, r.person, site_url) for r in source.people.get("authors", [])]
    if any(authors):
        data["author"] = [a for a in authors if a]
    return data


def _person(ctx: Context, person_id: str, site_url: str) -> dict[str, Any] | None:
    entity = ctx.corpus.entity("people", person_id)
    if entity is None or not entity.named:
        return None
    return {
        "@type": "Person",
        "name": entity.name,
        "url": absolute(site_url, page_uri("people", person_id)),
    }


def _org(ctx: Context, org_id: str, site_url: str) -> dict[str, Any]:
    entity = ctx.corpus.entity("organisations", org_id)
    return {
        "@type": "Organization",
        "name": entity.name if entity else org_id,
        "url": absolute(site_url, page_uri("organisations", org_id)),
    }


def _thing(ctx: Context, kind: str, item_id: str) -> dict[str, str]:
    entity = ctx.corpus.entity(kind, item_id)
    return {"@type": "DefinedTerm", "name": entity.name if entity else item_id}


def atom_feed(ctx: Context, site_url: str, title: str) -> bytes:
    """An Atom feed of dated seminars and case studies, newest first (undated ones omitted:
    a feed entry needs a date, and we do not invent one)."""
    records = [r for r in ctx.links.ordered if r.date]
    records.sort(key=lambda r: r.date or "", reverse=True)
    updated = _stamp(records[0].date) if records else "2000-01-01T00:00:00Z"
    base = site_url.rstrip("/") + "/"
    entries = []
    for r in records[:50]:
        url = absolute(site_url, page_uri(r.collection, r.id))
        summary = escape(str(r.meta.get("summary", "")))
        entries.append(
            f"  <entry>\n    <title>{escape(r.title)}</title>\n"
            f'    <link href="{escape(url)}"/>\n    <id>{escape(url)}</id>\n'
            f"    <updated>{_stamp(r.date)}</updated>\n"
            f"    <summary>{summary}</summary>\n  </entry>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'  <title>{escape(title)}</title>\n  <link href="{escape(base)}"/>\n'
        f'  <link rel="self" href="{escape(base)}feed.xml"/>\n  <id>{escape(base)}</id>\n'
        f"  <updated>{updated}</updated>\n  <author><name>{escape(title)}</name></author>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    )
    return xml.encode("utf-8")


def _stamp(date: str | None) -> str:
    """A partial date as an RFC 3339 timestamp at the start of the period it names."""
    parts = (date or "2000").split("-") + ["01", "01"]
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat() + "T00:00:00Z"
