"""The TrueState REST client (httpx): credentials, retries and the endpoints we read.

- :mod:`~liveflow_graph.api.client`: :class:`TrueStateClient` (the endpoints it reads, as
  models) and ``fetch_payload``;
- :mod:`~liveflow_graph.api.transport`: sending requests: timeouts, retries, the size limit;
- :mod:`~liveflow_graph.api.responses`: checking answers: decoding, failure statuses as errors;
- :mod:`~liveflow_graph.api.credentials`: the API key, organisation and host (arguments or
  environment variables), and keeping the key out of every message;
- :mod:`~liveflow_graph.api.endpoints`: the endpoint paths and what a ``404`` from each means;
- :mod:`~liveflow_graph.api.retry`: :class:`RetryPolicy`, backoff and ``Retry-After``;
- :mod:`~liveflow_graph.api.messages`: user and server text on one line for error messages.

Its errors are the ``ClientError`` family in :mod:`liveflow_graph.errors`.
"""
