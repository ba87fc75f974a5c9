# The web app's image: web/dist as the Maven build left it (its web module runs npm run build) and web/serve.mjs,
# a static server with no dependency:
#   mvn -B -DskipTests package && docker compose build web
FROM node:20-alpine

WORKDIR /app
COPY web/serve.mjs /app/serve.mjs
COPY web/dist /app/dist

USER node
ENV WEB_PORT=8085 WEB_HOST=0.0.0.0
EXPOSE 8085
# node itself as PID 1 gets SIGTERM and stops serving cleanly
CMD ["node", "/app/serve.mjs"]
