"""`make bench`: start-up times, turn latency through the gateway (web chat and the Twilio SMS
webhook, which must answer well inside Twilio's 15 s), memory, easy-read figures.

Prints figures; asserts nothing (timed tests flake on a shared machine).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from scripts.services import Ports, Services, free_port
from scripts.train import model_path

REPO = Path(__file__).resolve().parents[1]
ANSWERS = {
    "person_name": "Thomas Smith", "notifier_name": "Jo Bloggs",
    "notifier_relationship": "I was his support worker", "date_of_death": "yesterday",
    "date_of_birth": "3rd March 1958", "place_of_death": "in hospital",
    "home_postcode": "ls1 4dy", "gp_practice": "Park Lane Surgery",
    "nhs_number": "943 476 5919", "learning_disability": "yes", "autistic": "no",
    "ethnicity": "white british", "concerns": "no", "life_story": "He loved trains",
    "family_requests_focused_review": "no", "wants_review_copy": "no",
    "family_contact_name": "Mary Smith", "family_contact_relationship": "sister",
    "family_contact_phone": "07700 900456", "consent_to_contact": "yes",
    "preferred_contact": "phone", "notifier_phone": "07700 900123",
    "communication_needs": "none", "confirm": "yes",
}


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)],
                         capture_output=True, text=True).stdout.split()
    return sum(int(x) for x in out) / 1024


def _web_conversation(gateway: str, latencies: list[float]) -> None:
    r = requests.post(f"{gateway}/api/chat/conversations", json={}, timeout=60)
    cid = r.json()["conversation_id"]
    text = "my brother died"
    for _turn in range(40):
        started = time.perf_counter()
        r = requests.post(f"{gateway}/api/chat/conversations/{cid}/messages",
                          json={"text": text}, timeout=60)
        latencies.append((time.perf_counter() - started) * 1000)
        messages = r.json()["messages"]
        asks = next((m["asks"] for m in reversed(messages) if m.get("asks")), None)
        if asks is None:
            return
        text = ANSWERS[asks]


def _sms_conversation(services: Services, number: str, latencies: list[float]) -> None:
    """One notification by text message: signed webhooks, answered by the question's words."""
    from tests.channels.twilio_helpers import Phone, asking

    phone = Phone(services, number)
    phone.text("Hello")
    phone.text(phone.number_of("Tell you about a death"))
    for _turn in range(40):
        asks = asking(phone.last)
        if asks is None:
            break
        phone.text(ANSWERS[asks])
    latencies.extend(seconds * 1000 for seconds in phone.seconds)


def _line(name: str, latencies: list[float]) -> str:
    latencies = sorted(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    return (f"  {name:<5} turn latency median {statistics.median(latencies):6.1f} ms"
            f"   p95 {p95:6.1f} ms   max {latencies[-1]:6.1f} ms   ({len(latencies)} turns)")


def main(conversations: int = 5) -> None:
    if not model_path().exists():
        sys.exit("no model: run `make model` first")
    with tempfile.TemporaryDirectory() as var:
        ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port(),
                      gateway=free_port())
        services = Services(var=Path(var), ports=ports)
        try:
            startup = services.start_all()
            gateway = f"http://127.0.0.1:{ports.gateway}"
            latencies: list[float] = []
            sms: list[float] = []
            for i in range(conversations):
                _web_conversation(gateway, latencies)
                _sms_conversation(services, f"+4477009004{i:02d}", sms)
            memory = {name: _rss_mb(p.pid) for name, p in services.procs.items()}
        finally:
            services.stop_all()
    print("Tell LeDeR benchmark")
    for name, seconds in startup.items():
        print(f"  start-up {name:<8} {seconds:6.1f} s")
    print(f"  {conversations} whole notifications on each channel")
    print(_line("web", latencies))
    print(_line("sms", sms))
    for name, mb in memory.items():
        print(f"  memory {name:<8} {mb:7.0f} MB")
    subprocess.run([sys.executable, "-m", "easy_read.readability", "--quiet"], cwd=REPO)


if __name__ == "__main__":
    main()
