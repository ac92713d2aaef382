"""The transparency and service-improvement loop (seed sections 5-7), below the journeys:
satisfaction surveys after closure, concerns about a lead agency, sample checks and lay
visitors, and the service standards recorded per case."""
