// The reference page: Swagger UI renders /api/v1/openapi.json. Nothing from a CDN; no validator
// badge (it would call validator.swagger.io).
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#api-reference',
  deepLinking: true,
  docExpansion: 'list',
  validatorUrl: null,
  withCredentials: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
});
